#!/bin/bash
sed -i 's/return "Hello " + name/return "Hello, " + name + "!"/' /app/src/greet.py
