module certsd/govectors

go 1.26
