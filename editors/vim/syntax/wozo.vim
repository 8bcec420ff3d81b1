" Vim syntax file
" Language:    wozorules rule language (*.wozo)
" Follows:     lang/lexer.l and lang/parser.y of wozorules
"
" Keywords, comments, numbers, percentages (50%), amounts (EUR 1_000), dates
" (2024-08-02), text with escapes and {expr} interpolation (text does not span
" lines), declared names, verdicts after '=>', fields and calls.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" Keywords (reserved words of lexer.l).
syn keyword wozoDeclaration scale kind dataset criterion function judgement test
      \ nextgroup=wozoDeclName skipwhite
syn keyword wozoKeyword     as_of data expect for from let list map of to
syn keyword wozoConditional if then else when otherwise
syn keyword wozoOperatorWord and or not in where
syn keyword wozoBoolean     true false
syn match   wozoOperatorWord "\<not\_s\+in\>"

syn match   wozoDeclName "\h\w*" contained

" A thing at the start of a line: `indicator vroegsignalering "..." {`.
syn match   wozoThingKind "^\h\w*\ze[ \t]\+\h\w*\s*\%(\"\|{\|#\|$\)"
      \ nextgroup=wozoThingName skipwhite
syn match   wozoThingName "\h\w*" contained

" A field at the start of a line: `category: preventie`.
syn match   wozoField "^\s*\zs\h\w*\ze\s*:"

" Calls, the built-in functions apart.
syn match   wozoFunction "\<\h\w*\ze\s*("
syn match   wozoBuiltin  "\<\%(count\|share\|sum\|min\|max\|all\|any\|none\|len\|contains\|lower\|upper\|year\|days_between\|round\|present\|default\|verdict\|as_of_date\|join\|describe\)\ze\s*("

syn match   wozoOperator "==\|!=\|<=\|>=\|[<>=+*/?-]"
" The verdict after '=>' in a criterion row (after the operators: of two
" matches at one place, the later defined wins).
syn match   wozoArrow "=>" nextgroup=wozoVerdict skipwhite
syn match   wozoVerdict "\h\w*\>\%(\s*[(.[]\)\@!" contained

" Literals. A later match wins at the same place: a date over a number.
syn match   wozoNumber  "\<\d[0-9_]*\%(\.\d[0-9_]*\)\=\>"
syn match   wozoPercent "\<\d[0-9_]*\%(\.\d[0-9_]*\)\=%"
syn match   wozoMoney   "\<EUR[ \t]\+\d[0-9_]*\%(\.\d[0-9_]*\)\=\>"
syn match   wozoDate    "\<\d\{4}-\d\{2}-\d\{2}\>"

" Text: escapes and {expr}; it ends at the end of the line at the latest.
syn region  wozoString matchgroup=wozoQuote start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline
      \ contains=wozoEscape,wozoEscapeError,wozoInterpolation,@Spell
syn match   wozoEscapeError +\\.+ contained
syn match   wozoEscape +\\["\\{}nt]+ contained
syn region  wozoInterpolation matchgroup=wozoInterpDelim start=+{+ end=+}+ end=+$+ oneline contained
      \ contains=@wozoExpr
" A record inside {expr}: its braces balance those of the interpolation.
syn region  wozoBraces start=+{+ end=+}+ end=+$+ oneline contained transparent contains=@wozoExpr

syn cluster wozoExpr contains=wozoKeyword,wozoConditional,wozoOperatorWord,wozoBoolean,wozoFunction,
      \wozoBuiltin,wozoOperator,wozoNumber,wozoPercent,wozoMoney,wozoDate,wozoString,wozoBraces

syn match   wozoComment "#.*$" contains=wozoTodo,@Spell
syn keyword wozoTodo TODO FIXME XXX contained

hi def link wozoDeclaration   Structure
hi def link wozoKeyword       Keyword
hi def link wozoConditional   Conditional
hi def link wozoOperatorWord  Operator
hi def link wozoOperator      Operator
hi def link wozoArrow         Operator
hi def link wozoBoolean       Boolean
hi def link wozoDeclName      Function
hi def link wozoThingKind     Type
hi def link wozoThingName     Identifier
hi def link wozoField         Identifier
hi def link wozoFunction      Function
hi def link wozoBuiltin       Function
hi def link wozoVerdict       Constant
hi def link wozoNumber        Number
hi def link wozoPercent       Number
hi def link wozoMoney         Number
hi def link wozoDate          Constant
hi def link wozoString        String
hi def link wozoQuote         String
hi def link wozoEscape        SpecialChar
hi def link wozoEscapeError   Error
hi def link wozoInterpDelim   Delimiter
hi def link wozoComment       Comment
hi def link wozoTodo          Todo

let b:current_syntax = 'wozo'

let &cpo = s:cpo_save
unlet s:cpo_save
