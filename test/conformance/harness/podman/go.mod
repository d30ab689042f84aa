module certsd.local/harness/podman

go 1.26.0

require (
	certsd.local/harness/common v0.0.0
	github.com/docker/go-connections v0.8.2
	github.com/sirupsen/logrus v1.10.2
)

require (
	go.podman.io/image/v5 v5.42.1
	golang.org/x/sys v0.49.0 // indirect
)

replace certsd.local/harness/common => ../common
