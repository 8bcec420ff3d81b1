; Syntax highlighting for the wozorules rule language.
; Node names are those of grammar.js; tests/editors.sh checks every one exists.

(comment) @comment

; Declarations
(scale_declaration name: (identifier) @type.definition)
(kind_declaration name: (identifier) @type.definition)
(thing_declaration name: (identifier) @constant)
(dataset_declaration name: (identifier) @variable)
(criterion_declaration name: (identifier) @function)
(criterion_declaration subject: (identifier) @variable.parameter)
(function_declaration name: (identifier) @function)
(parameter name: (identifier) @variable.parameter)
(let_binding name: (identifier) @variable)
(judgement_declaration criterion: (identifier) @function)
(test_data name: (identifier) @variable)
(expectation name: (identifier) @keyword)

(scale_word name: (identifier) @constant)
(verdict) @constant
(type_identifier) @type
(field_declaration name: (identifier) @property)
(field_value name: (identifier) @property)
(field_identifier) @property

(call function: (identifier) @function.call)

; Literals
(string) @string
(string_content) @string
(escape_sequence) @string.escape
(interpolation
  "{" @punctuation.special
  "}" @punctuation.special)
(number) @number
(percentage) @number
(money) @number
(date) @number
(boolean) @constant.builtin

; Keywords and operators
[
  "scale"
  "kind"
  "dataset"
  "criterion"
  "function"
  "judgement"
  "test"
  "as_of"
  "let"
  "when"
  "otherwise"
  "for"
  "from"
  "data"
  "expect"
  "list"
  "map"
  "of"
  "to"
] @keyword

[
  "if"
  "then"
  "else"
] @keyword.conditional

[
  "and"
  "or"
  "not"
  "in"
  "where"
  (not_in)
] @keyword.operator

[
  "=="
  "!="
  "<"
  "<="
  ">"
  ">="
  "+"
  "-"
  "*"
  "/"
  "="
  "=>"
  "?"
] @operator

[ "(" ")" "[" "]" "{" "}" ] @punctuation.bracket
[ "," "." ":" ] @punctuation.delimiter
