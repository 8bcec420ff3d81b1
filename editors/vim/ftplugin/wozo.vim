" Vim filetype plugin for wozorules rule files (*.wozo)

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

" Comments run from # to the end of the line; `gcc` (vim-commentary) and
" Neovim's built-in `gc` use 'commentstring'.
setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
" The formatter indents blocks by two spaces.
setlocal expandtab shiftwidth=2 softtabstop=2
" Names may contain '_'.
setlocal iskeyword=@,48-57,_
setlocal suffixesadd=.wozo

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< iskeyword< suffixesadd<'
