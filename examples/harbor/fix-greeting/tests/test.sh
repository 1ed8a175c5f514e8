#!/bin/bash
# Two checks, each worth half: the function, and the command line. The reward goes to reward.json.
cd /app
passed=0
python3 /tests/test_greet.py function && passed=$((passed + 1))
python3 /tests/test_greet.py command && passed=$((passed + 1))
echo "{\"reward\": $(python3 -c "print($passed / 2)"), \"checks_passed\": $passed}" > /logs/verifier/reward.json
