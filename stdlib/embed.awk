# Turns a text file into a C string constant (the prelude compiled into the
# program, so an installed binary never loses it).
BEGIN {
    print "/* Generated from stdlib/prelude.wozo by stdlib/embed.awk; do not edit. */"
    print "#include <stddef.h>"
    print "const char wozo_prelude_text[] ="
}
{
    gsub(/\\/, "\\\\")
    gsub(/"/, "\\\"")
    printf "    \"%s\\n\"\n", $0
}
END {
    print "    ;"
    print "const size_t wozo_prelude_len = sizeof wozo_prelude_text - 1;"
}
