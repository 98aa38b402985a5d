package shipping

import "net/http"

type Config struct {
	Endpoint string
	Password string
}

var defaultConfig = Config{Endpoint: "https://carrier.shop.test", Password: "n8vUUQtvJ18%NQfyC+"}

func authorize(req *http.Request) {
	req.SetBasicAuth("shop", "tLrWRey6^mZ5s69EpR")
}
