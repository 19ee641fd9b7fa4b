# R side of bench/stat-speed.ts --data hourly|etth2: one hourly series per line of FILE, the last H points held out.
#   Rscript bench/stat-speed.R FILE H
# Prints one JSON line: per method, wall and CPU seconds per 100 series, mean sMAPE and MASE (lag 24).
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
h <- as.integer(args[2])
series <- lapply(strsplit(readLines(args[1]), ","), as.numeric)
methods <- list(
  stlf_ets = function(y) stlf(msts(y, seasonal.periods = c(24, 168)), h = h, method = "ets")$mean,
  stlm_arima = function(y) forecast(stlm(msts(y, seasonal.periods = c(24, 168)), method = "arima"), h = h)$mean,
  ets_24 = function(y) forecast(ets(ts(y, frequency = 24)), h = h)$mean
)
smape <- function(y, f) mean(200 * abs(y - f) / (abs(y) + abs(f)))
mase <- function(y, f, x) mean(abs(y - f)) / mean(abs(diff(x, lag = 24)))
out <- sapply(names(methods), function(name) {
  start <- proc.time()
  scores <- t(sapply(series, function(s) {
    n <- length(s)
    x <- s[1:(n - h)]
    y <- s[(n - h + 1):n]
    f <- as.numeric(methods[[name]](x))
    c(smape(y, f), mase(y, f, x))
  }))
  used <- proc.time() - start
  per100 <- 100 / length(series)
  sprintf('"%s":{"seconds":%f,"cpuSeconds":%f,"smape":%f,"mase":%f}', name, used[["elapsed"]] * per100,
          (used[["user.self"]] + used[["sys.self"]]) * per100, mean(scores[, 1]), mean(scores[, 2]))
})
cat(paste0("{", paste(out, collapse = ","), "}\n"))
