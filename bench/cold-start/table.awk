#!/usr/bin/awk -f
# Medians per function and variant of runs.tsv, and the image's ratio to the plain fat jar.
function median(key,    n, i, j, t, a) {
  n = split(values[key], a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NR > 1 {
  if (!($1 in seen)) { seen[$1] = 1; order[++count] = $1 }
  for (c = 3; c <= 5; c++) values[$1 SUBSEP $2 SUBSEP c] = values[$1 SUBSEP $2 SUBSEP c] " " $c
}
END {
  printf "%-11s | %8s %8s %6s | %8s %8s %6s | %8s %8s %6s\n", "function", "plain s", "image s", "ratio",
    "plain CPU", "image CPU", "ratio", "plain MB", "image MB", "ratio"
  for (i = 1; i <= count; i++) {
    f = order[i]
    line = sprintf("%-11s", f)
    for (c = 3; c <= 5; c++) {
      p = median(f SUBSEP "plain" SUBSEP c); m = median(f SUBSEP "image" SUBSEP c)
      line = line sprintf(" | %8.2f %8.2f %5.2fx", p, m, p > 0 ? m / p : 0)
    }
    print line
  }
}
