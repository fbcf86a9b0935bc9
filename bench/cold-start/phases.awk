#!/usr/bin/awk -f
# Medians of each start-up phase per function and variant (runs.tsv): seconds and CPU-seconds spent in JVM boot
# (launch to main), context refresh (main to the web server listening), to ready (the warm-up, runners) and to the
# first response (readiness to the first real answer).
function median(key,    n, i, j, t, a) {
  n = split(values[key], a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NR > 1 {
  key = $1 SUBSEP $2
  if (!(key in seen)) { seen[key] = 1; order[++count] = key }
  for (c = 6; c <= 13; c++) values[key SUBSEP c] = values[key SUBSEP c] " " $c
}
END {
  print "Phases (medians): seconds / CPU-seconds"
  printf "%-11s %-5s | %13s | %13s | %13s | %13s\n", "function", "", "JVM boot", "refresh", "to ready", "1st response"
  for (i = 1; i <= count; i++) {
    split(order[i], k, SUBSEP)
    line = sprintf("%-11s %-5s", k[1], k[2])
    for (c = 6; c <= 13; c += 2)
      line = line sprintf(" | %5.2f / %5.2f", median(order[i] SUBSEP c), median(order[i] SUBSEP (c + 1)))
    print line
  }
}
