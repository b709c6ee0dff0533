# make demo → http://127.0.0.1:8000 with demo data (the logins are printed); make test → the whole suite.
# Extra pytest arguments: make test ARGS="-k checklist -n 0".
.PHONY: demo test setup

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh $(ARGS)

setup:
	bash scripts/setup.sh --test
