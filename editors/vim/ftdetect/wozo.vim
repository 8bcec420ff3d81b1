" wozorules rule files
autocmd BufRead,BufNewFile *.wozo setfiletype wozo
