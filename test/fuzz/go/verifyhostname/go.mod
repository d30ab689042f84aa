module certsd/fuzz/verifyhostname

go 1.24
