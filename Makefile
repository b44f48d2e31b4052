.PHONY: run test bench lint build

run:
	@.dev/run

test:
	@.dev/test

bench:
	@.dev/bench

lint:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './var/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...

build:
	go build -o var/partnerdesk ./cmd/partnerdesk
