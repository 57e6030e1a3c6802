module example.com/shop/backend

go 1.22
