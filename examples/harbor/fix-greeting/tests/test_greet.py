import os
import subprocess
import sys

sys.path.insert(0, "/app/src")
name = os.environ.get("GREETING_NAME", "Ada")
check = sys.argv[1]
if check == "function":
    from greet import greet

    got = greet(name)
else:
    got = subprocess.run([sys.executable, "/app/src/greet.py", name], capture_output=True, text=True).stdout.strip()
expected = "Hello, " + name + "!"
print(f"{check}: expected {expected!r}, got {got!r}")
sys.exit(0 if got == expected else 1)
