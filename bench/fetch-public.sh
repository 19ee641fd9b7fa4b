#!/usr/bin/env bash
# Caches the public benchmarks of bench/accuracy-table.ts (issue 13) as long CSVs `unique_id,ds,y`, one file per
# dataset, every series complete (its training part followed by its test part; empty y where the source has a gap).
#
#   bench/fetch-public.sh SOURCE [--from DIR]      SOURCE: m3 | tsibbledata | tsibble | exchange | pjm | bike | traffic | m4-hourly | etth1 | all
#
# Each source's files are downloaded from a pinned commit of its GitHub repository (or taken from DIR, a local copy
# holding them under the same names), their SHA-256 checked, converted (base R for .rda files: apt-get install
# r-base-core), and the CSVs' SHA-256 checked, so every run benchmarks the same numbers. The data are not committed.
# Cache folder: $FORETELL_DATA_CACHE, default .foretell/datasets at the repository root. Sources and licences:
# docs/ACCURACY.md. m4-hourly and etth1 are issue 13's independent check: never used to choose anything.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${FORETELL_DATA_CACHE:-$ROOT/.foretell/datasets}"
source="${1:?usage: bench/fetch-public.sh SOURCE [--from DIR]}"
from=""
if [[ "${2:-}" == "--from" ]]; then from="${3:?--from needs a folder}"; fi
mkdir -p "$CACHE/raw"

check() { # file, expected digest
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ "$got" != "$2" ]]; then echo "checksum mismatch for $1: $got, expected $2" >&2; exit 1; fi
}
# get URL NAME DIGEST: the raw input NAME in the cache (from --from DIR, or downloaded once), checked.
get() {
  local target="$CACHE/raw/$2"
  if [[ -n "$from" ]]; then cp "$from/$2" "$target"; elif [[ ! -f "$target" ]]; then curl -fsSL "$1" -o "$target"; fi
  check "$target" "$3"
}
needR() { command -v Rscript >/dev/null || { echo "Rscript is needed to read .rda files (apt-get install r-base-core)" >&2; exit 1; }; }
# Base R: writes a long data frame as CSV without quotes (ids are cleaned of commas first).
R_WRITE='write_long <- function(id, ds, y, file) { write.csv(data.frame(unique_id = gsub(",", "", id), ds = ds, y = y), file, row.names = FALSE, quote = FALSE, na = "") }'

fetch_m3() {
  get https://raw.githubusercontent.com/robjhyndman/Mcomp/34f3b412824375aa337736b1f1e64a6990b7d123/data/M3.rda M3.rda \
    e2693e75fc0fc07d6379dd70f76d23ae4e04e03e5bceaf58b69fdf39b1a25c41
  needR
  # Each series is its training part x followed by its test part xx (h = 6 yearly, 8 quarterly, 18 monthly).
  Rscript --vanilla -e "$R_WRITE" -e '
    args <- commandArgs(trailingOnly = TRUE); load(args[1])
    for (period in c("YEARLY", "QUARTERLY", "MONTHLY")) {
      picked <- Filter(function(s) s$period == period, M3)
      rows <- lapply(picked, function(s) {
        y <- c(as.numeric(s$x), as.numeric(s$xx)); f <- frequency(s$x); t0 <- tsp(s$x)[1]
        year <- floor(t0 + 1e-9); step <- round((t0 - year) * f)
        months <- (step + seq_along(y) - 1) * (12 / f)
        ds <- sprintf("%04d-%02d-01", year + months %/% 12, months %% 12 + 1)
        data.frame(id = s$sn, ds = ds, y = y)
      })
      d <- do.call(rbind, rows)
      write_long(d$id, d$ds, d$y, file.path(args[2], paste0("m3-", tolower(period), ".csv")))
    }' "$CACHE/raw/M3.rda" "$CACHE"
  check "$CACHE/m3-yearly.csv" d117d01acea101b6bfdbd78f73e5e6c31547ec5a2a02916c0c40261a96a694aa
  check "$CACHE/m3-quarterly.csv" 0d556ff532179625e0b16a709a2f2b4702ee2143fff33dfd4dc443cf451a1e26
  check "$CACHE/m3-monthly.csv" 1d0092eedbb5b92bfcfae8de54242d3271ae3fe40d1e502d3de9103dc7237b61
}

fetch_tsibbledata() {
  local base=https://raw.githubusercontent.com/tidyverts/tsibbledata/a9c811a5ca1748df885491a4bcebe024c9d48e08/data
  get "$base/ansett.rda" ansett.rda 221bb7e1f1fd23be4c6902a392869036f077590500ccbd1df3a309ed35f41020
  get "$base/aus_retail.rda" aus_retail.rda 1826ec66b3d82edbde26c37d710f2fb5cf2c7044540f7f59c4480e1a987314cf
  get "$base/vic_elec.rda" vic_elec.rda 82e38b6532879f880fd19d911ccf37fcb896018100606e412f26f98a9a16f7f8
  needR
  # tsibbles load as data frames without the tsibble package: dates are day counts, times POSIX seconds.
  Rscript --vanilla -e "$R_WRITE" -e '
    args <- commandArgs(trailingOnly = TRUE); raw <- args[1]; out <- args[2]
    grab <- function(name) { e <- new.env(); load(file.path(raw, paste0(name, ".rda")), e); as.data.frame(lapply(unclass(get(name, e)), unclass), check.names = FALSE) }
    day <- function(d) format(as.Date(d, origin = "1970-01-01"))
    # Weekly airline passengers by route and class; weeks without a row (a strike, a route paused) are gaps.
    a <- grab("ansett"); a$id <- paste(a$Airports, a$Class, sep = "/")
    weeks <- seq(min(a$Week), max(a$Week), by = 7)
    grid <- expand.grid(Week = weeks, id = sort(unique(a$id)), stringsAsFactors = FALSE)
    a <- merge(grid, a[, c("id", "Week", "Passengers")], all.x = TRUE); a <- a[order(a$id, a$Week), ]
    write_long(a$id, day(a$Week), a$Passengers, file.path(out, "ansett-weekly.csv"))
    # Monthly retail turnover by state and industry (ABS).
    r <- grab("aus_retail"); r <- r[order(r[["Series ID"]], r$Month), ]
    write_long(r[["Series ID"]], day(r$Month), r$Turnover, file.path(out, "aus-retail-monthly.csv"))
    # Victorian electricity demand, half-hourly (MW): the mean of each clock hour.
    v <- grab("vic_elec"); hour <- floor(v$Time / 3600) * 3600
    h <- aggregate(v$Demand, list(hour = hour), mean)
    write_long(rep("vic", nrow(h)), format(as.POSIXct(h$hour, origin = "1970-01-01", tz = "UTC"), "%Y-%m-%dT%H:%M:%SZ"), h$x, file.path(out, "vic-elec-hourly.csv"))
  ' "$CACHE/raw" "$CACHE"
  check "$CACHE/ansett-weekly.csv" 38c083998665c22dff1eed85b7a56a23f9fadb827d338e7ef4e3712265e3c6ce
  check "$CACHE/aus-retail-monthly.csv" be00c7350b05da4c9374e91b52a2eeb4acc14ef8374c64a9e11a1b3af357d521
  check "$CACHE/vic-elec-hourly.csv" c24885da6ce3a2940f394fd5bb3f8f4b052e07a771978a23232c44295f398692
}

fetch_tsibble() {
  local base=https://raw.githubusercontent.com/tidyverts/tsibble/a8ce98176eee43f35e271df8d4e988697dc586fb/data
  get "$base/pedestrian.rda" pedestrian.rda a69540879cd1a2e7286a88445514be9a67297efdb343ea6c1196a951063f2425
  get "$base/tourism.rda" tourism.rda 79262e8ee3beae8c7e91dac59ea9857314ae1c0102121571b4b75ff33847f9cb
  needR
  Rscript --vanilla -e "$R_WRITE" -e '
    args <- commandArgs(trailingOnly = TRUE); raw <- args[1]; out <- args[2]
    grab <- function(name) { e <- new.env(); load(file.path(raw, paste0(name, ".rda")), e); as.data.frame(lapply(unclass(get(name, e)), unclass), check.names = FALSE) }
    # Hourly pedestrian counts of four Melbourne sensors, 2015-2016; hours without a row are gaps.
    p <- grab("pedestrian"); hours <- seq(min(p$Date_Time), max(p$Date_Time), by = 3600)
    grid <- expand.grid(Date_Time = hours, Sensor = sort(unique(p$Sensor)), stringsAsFactors = FALSE)
    p <- merge(grid, p[, c("Sensor", "Date_Time", "Count")], all.x = TRUE); p <- p[order(p$Sensor, p$Date_Time), ]
    write_long(p$Sensor, format(as.POSIXct(p$Date_Time, origin = "1970-01-01", tz = "UTC"), "%Y-%m-%dT%H:%M:%SZ"), p$Count, file.path(out, "pedestrian-hourly.csv"))
    # Quarterly overnight trips in Australia by region, state and purpose (Tourism Research Australia), 1998-2017.
    t <- grab("tourism"); t$id <- paste(t$Region, t$State, t$Purpose, sep = "/"); t <- t[order(t$id, t$Quarter), ]
    write_long(t$id, format(as.Date(t$Quarter, origin = "1970-01-01")), t$Trips, file.path(out, "tourism-quarterly.csv"))
  ' "$CACHE/raw" "$CACHE"
  check "$CACHE/pedestrian-hourly.csv" 237c2b2b65083d71b479b9e05e558c60435046b2d79708ceb819ff1c33008ff9
  check "$CACHE/tourism-quarterly.csv" 3d05b8cf656371aad89af99eaa2d4eb978c2176a97594df5e9535dc31d84a322
}

fetch_exchange() {
  get https://raw.githubusercontent.com/laiguokun/multivariate-time-series-data/7f402f185cc2435b5e66aed13a3b560ed142e023/exchange_rate/exchange_rate.txt.gz \
    exchange_rate.txt.gz 6a4fbb561dcdee43f071a83badbeec9223a335552278348656738b556f1c2e9d
  # Eight currencies' daily rates, 1990-2016, one row per day without dates: days are numbered from 1990-01-01.
  gzip -dc "$CACHE/raw/exchange_rate.txt.gz" | awk -F, '
    BEGIN { OFS = ","; print "unique_id,ds,y" }
    { for (c = 1; c <= NF; c++) v[c, NR] = $c; n = NR; cols = NF }
    END { for (c = 1; c <= cols; c++) for (t = 1; t <= n; t++) print "fx" c, strftime("%Y-%m-%d", 631152000 + (t - 1) * 86400, 1), v[c, t] }
  ' > "$CACHE/exchange-daily.csv"
  check "$CACHE/exchange-daily.csv" d044e1695eced42b7fa391bfc9140c65c75177f737503cae413064cfba7df809
}

# Rows `id,epoch seconds,y` on stdin (any order; duplicate hours, e.g. daylight saving's, are averaged) to a long CSV
# with every hour from each series' first to its last: hours without a row are gaps (empty y).
to_hourly_grid() {
  awk -F, '
    BEGIN { OFS = "," }
    { h = int($2 / 3600); sum[$1, h] += $3; n[$1, h]++; if (!($1 in lo) || h < lo[$1]) lo[$1] = h; if (h > hi[$1]) hi[$1] = h }
    END {
      print "unique_id,ds,y"
      k = 0; for (id in lo) ids[++k] = id; asort(ids)
      for (i = 1; i <= k; i++) { id = ids[i]
        for (h = lo[id]; h <= hi[id]; h++) print id, strftime("%Y-%m-%dT%H:%M:%SZ", h * 3600, 1), ((id, h) in n ? sum[id, h] / n[id, h] : "")
      }
    }'
}

fetch_pjm() {
  local base=https://raw.githubusercontent.com/Shrawant13/Energy_Consumption/81fc4a6008223cd04ceb1819de6bd04545733531
  local digests=(AEP:404f76a9ead28bba2c2c9696772ab9f1eea4a79bdb570b167a73840453cce743
    COMED:f8605fb46c0d49cfe64c0256aa53f4f6741544a7c6624d8c44505ee16fe7f692
    DAYTON:84d3397231d5819b5cf086ef9e87cadf6dd7954085f2834be7e37257702ec768
    DEOK:15581b5dcbc17e7f3ef13fb9b1a83a3b4cb4bba4e69c24aac7d96eab3ef55bfa
    DOM:d5cf6656c73a19b3403ff28e10e393c2bc8d7280ed1c00f977eedacd3b27616b
    DUQ:56d6f13b860fd794714c4a1200a457bd900ed06bf212cd33b35bd59e983fe692
    EKPC:ee893e815f49b8e7a8f88a0a35458261b8542dffedeb530164491f7cebc2f273)
  local entry region
  for entry in "${digests[@]}"; do region="${entry%%:*}"; get "$base/${region}_hourly.csv" "${region}_hourly.csv" "${entry#*:}"; done
  # Hourly load (MW) of seven PJM regions (hour ending), files not in time order; dates "dd-mm-yyyy HH:MM" in all but
  # DAYTON's, which keeps the original "yyyy-mm-dd HH:MM:SS".
  for entry in "${digests[@]}"; do region="${entry%%:*}"
    tr -d '\r' < "$CACHE/raw/${region}_hourly.csv" | awk -F, -v id="$region" 'NR > 1 {
      split($1, d, /[- :]/); if (length(d[1]) == 4) { y = d[1]; day = d[3] } else { y = d[3]; day = d[1] }
      print id "," mktime(y " " d[2] " " day " " d[4] " " d[5] " 0", 1) "," $2 }'
  done | to_hourly_grid > "$CACHE/pjm-hourly.csv"
  check "$CACHE/pjm-hourly.csv" 53a1a4c1062a7bf4ecec88f978346496be938aeba9116ad221e2d19d41c5de97
}

fetch_bike() {
  get https://raw.githubusercontent.com/NUmamahesh15/BikeSharingDataset/20461768880a028d285699edcccaacbd199d2dce/hour.csv \
    bike-hour.csv bfd480bd2f0cacf824efd5eb08e81e785e93c3154dd56bfe8a5b464ea1da3898
  # Capital Bikeshare rentals per hour, 2011-2012 (UCI): casual and registered riders, two series ("dd-mm-yyyy", hour).
  awk -F, 'NR > 1 { split($2, d, "-"); t = mktime(d[3] " " d[2] " " d[1] " " $6 " 0 0", 1); print "casual," t "," $15; print "registered," t "," $16 }' \
    "$CACHE/raw/bike-hour.csv" | to_hourly_grid > "$CACHE/bike-hourly.csv"
  check "$CACHE/bike-hourly.csv" c7935e35e7b0fb1b2fc1f6659c110c46107ad89f10f165b6f3b82bf09e8aaf30
}

fetch_traffic() {
  get https://raw.githubusercontent.com/winedarksea/AutoTS/6e2137a990910c7faa4239d3330fab839adaa480/autots/datasets/data/traffic_hourly.zip \
    traffic_hourly.zip 71416c6c5adf1e322c3a9483c70ea44dbbcac4ef3d47aa346d763b77478f35ad
  # Westbound I-94 traffic volume per hour at a Minneapolis-St Paul station, 2016-10 to 2018-09 (UCI, via AutoTS).
  unzip -p "$CACHE/raw/traffic_hourly.zip" | awk -F, 'NR > 1 { split($1, d, /[- :]/); print "i94," mktime(d[1] " " d[2] " " d[3] " " d[4] " " d[5] " 0", 1) "," $6 }' \
    | to_hourly_grid > "$CACHE/traffic-hourly.csv"
  check "$CACHE/traffic-hourly.csv" 11df3c41d70abd011396477bb28a8615780e27a6e44378484015741d7e7df20c
}

fetch_m4_hourly() {
  local base=https://raw.githubusercontent.com/Mcompetitions/M4-methods/6c1067e5a57161249b17289a565178dc7a3fb3ca/Dataset
  get "$base/Train/Hourly-train.csv" Hourly-train.csv ea59b7783573c49077a835ab6465c7d66f1474783360f310988a9a737fbca62f
  get "$base/Test/Hourly-test.csv" Hourly-test.csv 71a57fccb15e534d973626ada4fb87febf789e9317715b7cc6dd3b5f90db6f42
  # Wide rows "V1","V2",...: the series' training values then its 48 test values; hours numbered from 2015-01-01.
  cat "$CACHE/raw/Hourly-train.csv" "$CACHE/raw/Hourly-test.csv" | tr -d '"\r' | awk -F, '
    BEGIN { OFS = ","; print "unique_id,ds,y" }
    $1 == "V1" { next }
    { id = $1; for (c = 2; c <= NF; c++) if ($c != "") { t = n[id]++; print id, strftime("%Y-%m-%dT%H:%M:%SZ", 1420070400 + t * 3600, 1), $c } }
  ' | awk -F, 'NR == 1 { print; next } { print | "sort -t, -k1,1 -s" }' > "$CACHE/m4-hourly.csv"
  check "$CACHE/m4-hourly.csv" b9fdbc6abefd19330bd1fe72da5e534282d76f52a35ec38e6d0e5974a3c3dd43
}

fetch_etth1() {
  get https://raw.githubusercontent.com/zhouhaoyi/ETDataset/1d16c8f4f943005d613b5bc962e9eeb06058cf07/ETT-small/ETTh1.csv ETTh1.csv \
    f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066
  # Wide (date and seven channels, OT the target of the papers); kept as it is.
  cp "$CACHE/raw/ETTh1.csv" "$CACHE/etth1.csv"
}

case "$source" in
  m3) fetch_m3 ;;
  tsibbledata) fetch_tsibbledata ;;
  tsibble) fetch_tsibble ;;
  exchange) fetch_exchange ;;
  m4-hourly) fetch_m4_hourly ;;
  etth1) fetch_etth1 ;;
  pjm) fetch_pjm ;;
  bike) fetch_bike ;;
  traffic) fetch_traffic ;;
  all) for s in m3 tsibbledata tsibble exchange pjm bike traffic m4-hourly etth1; do "$0" "$s" ${from:+--from "$from"}; done ;;
  *) echo "unknown source $source: m3, tsibbledata, tsibble, exchange, pjm, bike, traffic, m4-hourly, etth1 or all" >&2; exit 1 ;;
esac
echo "$source: cached in $CACHE"
