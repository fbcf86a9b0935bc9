#!/usr/bin/awk -f
# p50 and p99 (nearest rank) of requests 2-20 after each cold image start, beside warm requests of the same
# processes (requests.tsv), and the ratio of the p99s.
function pct(key, p,    n, i, j, t, a) {
  n = split(values[key], a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  i = int(p * n + 0.999999); if (i < 1) i = 1
  return a[i]
}
NR > 1 {
  if (!($1 in seen)) { seen[$1] = 1; order[++count] = $1 }
  values[$1 SUBSEP $3] = values[$1 SUBSEP $3] " " $4
}
END {
  print "Requests 2-20 after a cold start beside warm requests (ms, all image launches pooled)"
  printf "%-11s | %9s %9s | %9s %9s | %9s\n", "function", "cold p50", "cold p99", "warm p50", "warm p99", "p99 ratio"
  for (i = 1; i <= count; i++) {
    f = order[i]
    cp99 = pct(f SUBSEP "after-cold", 0.99); wp99 = pct(f SUBSEP "warm", 0.99)
    printf "%-11s | %9.1f %9.1f | %9.1f %9.1f | %8.2fx\n", f, pct(f SUBSEP "after-cold", 0.5), cp99,
      pct(f SUBSEP "warm", 0.5), wp99, (wp99 > 0 ? cp99 / wp99 : 0)
  }
}
