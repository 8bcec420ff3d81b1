# Peer: per-indicator coverage with jq on the JSON twin of the dataset.
#
#   jq -r -f bench/peers/coverage.jq FILE.json
#
# Prints, per indicator (sorted), the number of regions whose finding is at
# "planned" or above and the number of regions, tab-separated.
length as $total
| reduce (.[].findings | to_entries[]) as $e ({};
    .[$e.key] += (if $e.value.status == "planned" or $e.value.status == "concrete" then 1 else 0 end))
| to_entries
| sort_by(.key)[]
| "\(.key)\t\(.value)\t\($total)"
