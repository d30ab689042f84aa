module certsd.local/harness/common

go 1.24
