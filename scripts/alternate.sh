# Sourced by the benchmark scripts (bench-build.sh, compare-validators.sh).
#
# alternate WORK RUNS LABEL runs each command of the associative array
# cmds, in the order of the array order, RUNS times in alternation (the
# machine's speed drifts; alternating spreads the drift over all of them),
# under /usr/bin/time, keeping its output in WORK. A command that fails
# stops the script: its time would mean nothing. It then prints a Markdown
# table of each command's median wall time and median peak memory, and
# its time over the first command's; LABEL heads the first column.
alternate() {
  local work=$1 runs=$2 label=$3 c i
  for c in "${order[@]}"; do : >"$work/$c.times"; done
  for ((i = 0; i < runs; i++)); do
    for c in "${order[@]}"; do
      if ! /usr/bin/time -f "%e %M" -o "$work/t" bash -c "${cmds[$c]} >$work/$c.out 2>&1"; then
        echo "$c failed:" >&2
        tail -5 "$work/$c.out" >&2
        exit 1
      fi
      cat "$work/t" >>"$work/$c.times"
    done
  done
  local first=${order[0]} base t m
  base=$(cut -d' ' -f1 "$work/$first.times" | median)
  printf '| %s | median s | median peak MiB | time / %s |\n|---|---|---|---|\n' "$label" "$first"
  for c in "${order[@]}"; do
    t=$(cut -d' ' -f1 "$work/$c.times" | median)
    m=$(cut -d' ' -f2 "$work/$c.times" | median)
    awk -v c="$c" -v t="$t" -v m="$m" -v b="$base" 'BEGIN { printf "| %s | %s | %.0f | %.2f |\n", c, t, m / 1024, t / b }'
  done
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
