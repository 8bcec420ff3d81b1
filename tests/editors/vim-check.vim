" vim-check.vim - checks editors/vim in a headless Vim.
"
"   vim -Nu NONE -i NONE -n -es -S tests/editors/vim-check.vim FILE... 
"
" with $WOZO_VIM_OUT naming the file for the results. Run from the
" repository root. Checks that
" - *.wozo files get the filetype wozo (ftdetect), with commentstring '# %s'
"   (ftplugin) and the wozo syntax, and load without an error;
" - in every FILE, no text or interpolation runs past the end of a line;
" - the samples below get the syntax groups they should.
set nocompatible
let &runtimepath = getcwd() . '/editors/vim,' . &runtimepath
filetype plugin on
syntax on
let s:out = []
let s:fails = 0

function! s:Fail(msg) abort
  call add(s:out, a:msg)
  let s:fails += 1
endfunction

" The syntax group at the first character of `part` in line `lnum`.
function! s:GroupAt(lnum, part) abort
  let col = stridx(getline(a:lnum), a:part) + 1
  return col ? synIDattr(synID(a:lnum, col, 1), 'name') : '(not found)'
endfunction

let s:files = argv()
for s:f in s:files
  try
    execute 'silent edit ' . fnameescape(s:f)
  catch
    call s:Fail(s:f . ': ' . v:exception)
    continue
  endtry
  if &filetype !=# 'wozo' || get(b:, 'current_syntax', '') !=# 'wozo'
    call s:Fail(s:f . ': filetype ' . &filetype . ', syntax ' . get(b:, 'current_syntax', ''))
  endif
  if &commentstring !=# '# %s'
    call s:Fail(s:f . ": commentstring is '" . &commentstring . "'")
  endif
  " The syntax stack at the start of each line must be empty.
  for s:l in range(2, line('$'))
    if !empty(getline(s:l)) && !empty(synstack(s:l, 1))
      let s:names = map(synstack(s:l, 1), 'synIDattr(v:val, "name")')
      if index(s:names, 'wozoString') >= 0 || index(s:names, 'wozoInterpolation') >= 0
        call s:Fail(s:f . ':' . s:l . ': a text runs on from the line before: ' . join(s:names))
        break
      endif
    endif
  endfor
  silent bwipeout!
endfor

" Samples: [line, text in it, syntax group at its first character].
let s:samples = [
      \ ['# een opmerking "met quotes"', 'een', 'wozoComment'],
      \ ['scale status "Status" { absent < mentioned }', 'scale', 'wozoDeclaration'],
      \ ['scale status "Status" { absent < mentioned }', 'status', 'wozoDeclName'],
      \ ['indicator vroegsignalering "Vroegsignalering" {', 'indicator', 'wozoThingKind'],
      \ ['indicator vroegsignalering "Vroegsignalering" {', 'vroegsignalering', 'wozoThingName'],
      \ ['  category: preventie', 'category', 'wozoField'],
      \ ['criterion part4 "Deel 4" for theme t {', 'part4', 'wozoDeclName'],
      \ ['criterion part4 "Deel 4" for theme t {', 'for', 'wozoKeyword'],
      \ ['  let n = count(r in regions where r.status >= planned)', 'let', 'wozoKeyword'],
      \ ['  let n = count(r in regions where r.status >= planned)', 'count', 'wozoBuiltin'],
      \ ['  let n = count(r in regions where r.status >= planned)', 'where', 'wozoOperatorWord'],
      \ ['  let n = count(r in regions where r.status >= planned)', '>=', 'wozoOperator'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', 'when', 'wozoConditional'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', '0', 'wozoNumber'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', '=>', 'wozoArrow'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', 'white_spot', 'wozoVerdict'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', ': geen', 'wozoString'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', '{', 'wozoInterpDelim'],
      \ ['  when n == 0 => white_spot "{t.title}: geen actie"', 't.title', 'wozoInterpolation'],
      \ ['  when share < 20% => attention', '20%', 'wozoPercent'],
      \ ['  budget: EUR 312_000_000', 'EUR', 'wozoMoney'],
      \ ['as_of 2024-08-02', '2024', 'wozoDate'],
      \ ['as_of 2024-08-02', 'as_of', 'wozoKeyword'],
      \ ['  note: "a \"quote\" and \{x\} # no comment"', '\"', 'wozoEscape'],
      \ ['  note: "a \"quote\" and \{x\} # no comment"', '# no', 'wozoString'],
      \ ['  note: "bad \q escape"', '\q', 'wozoEscapeError'],
      \ ['  x: "{ {a: 1}.a } rest"', 'rest', 'wozoString'],
      \ ['  x: "{ {a: 1}.a } rest"', '1', 'wozoNumber'],
      \ ['  when a not in b => covered', 'not in', 'wozoOperatorWord'],
      \ ['  ok: true', 'true', 'wozoBoolean'],
      \ ['  expect verdict(part4, spoedzorg) == white_spot', 'verdict', 'wozoBuiltin'],
      \ ['  expect findings "x.expected"', 'findings', ''],
      \ ]
silent enew
setfiletype wozo
call setline(1, map(copy(s:samples), 'v:val[0]'))
syntax sync fromstart
for s:i in range(len(s:samples))
  let [s:line, s:part, s:want] = s:samples[s:i]
  let s:got = s:GroupAt(s:i + 1, s:part)
  if s:got !=# s:want
    call s:Fail('sample ' . string(s:line) . ': ' . string(s:part) . ' is ' . string(s:got) . ', expected ' . string(s:want))
  endif
endfor

call add(s:out, printf('vim-check: %d files, %d samples, %d failures', len(s:files), len(s:samples), s:fails))
call writefile(s:out, $WOZO_VIM_OUT)
execute s:fails ? 'cquit' : 'qall!'
