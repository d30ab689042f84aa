module certsd/fuzz/pemdecode

go 1.24
