.PHONY: run test e2e bench fuzz load faults lint build

run:
	@.dev/run

test:
	@.dev/test

e2e:
	@.dev/e2e

bench:
	@.dev/bench

fuzz:
	@.dev/fuzz

load:
	@.dev/load $(LOAD_FLAGS)

faults:
	@.dev/load --faults $(LOAD_FLAGS)

lint:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './var/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...

build:
	go build -o var/partnerdesk ./cmd/partnerdesk
