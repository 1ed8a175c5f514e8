# Sourced by ./mvnw, ./envbook and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise takes the newest JDK under
# /usr/lib/jvm (or $ENVBOOK_JDK_DIRS, space separated) whose `java -version` says 21+.
envbook_java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
envbook_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(envbook_java_major "$JAVA_HOME")
    [ "${major:-0}" -ge 21 ] && return 0
  fi
  best="" best_major=0
  for dir in ${ENVBOOK_JDK_DIRS:-/usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*}; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(envbook_java_major "$dir")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$dir" best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(envbook_java_major "$dir")
    [ "${major:-0}" -ge 21 ] && best="$dir"
  fi
  if [ -z "$best" ]; then
    echo "envbook needs a JDK 21 or newer and found none: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
envbook_find_jdk
