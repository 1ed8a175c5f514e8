#!/bin/bash
# Passes when /app/count.txt holds the number of words of the poem the task shipped.
if [ "$PWD" = "/" ]; then
  echo "Error: No working directory set. Please set a WORKDIR in your Dockerfile before running this script."
  exit 1
fi
expected=$(wc -w < /tests/poem.txt | tr -d ' ')
actual=$(tr -d ' \n' < /app/count.txt 2>/dev/null)
echo "expected $expected words, found '${actual}'"
if [ "$actual" = "$expected" ]; then
  echo 1 > /logs/verifier/reward.txt
else
  echo 0 > /logs/verifier/reward.txt
fi
