# Sourced by ./mvnw, bin/sandbox and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is >= 21; else `java` on PATH if it is >= 21; else the newest JDK >= 21 in the
# system JVM folders (/usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines); else fail clearly.
cosell_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
cosell_select_jdk() {
  local min=21 candidate major best="" best_major=0 noglob=""
  case $- in *f*) noglob=1; set +f ;; esac
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(cosell_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge "$min" ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(cosell_java_major "$candidate")
    if [ "${major:-0}" -ge "$min" ]; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(cosell_java_major "$candidate")
    if [ "${major:-0}" -ge "$min" ] && [ "${major:-0}" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -z "$noglob" ] || set -f
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "No JDK >= $min found: looked at JAVA_HOME, javac on PATH and /usr/lib/jvm, /usr/java, /opt/java," >&2
  echo "/Library/Java/JavaVirtualMachines. Install a JDK 21 or newer, or set JAVA_HOME to one." >&2
  return 1
}
cosell_select_jdk
