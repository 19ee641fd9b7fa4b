# Daily electricity demand of Victoria, Australia (tsibbledata's vic_elec, half-hourly 2012-2014, AEMO) summed per
# local day, as the calendar bench reads it. Usage: Rscript bench/vic-elec-daily.R vic_elec.rda OUT.csv
args <- commandArgs(trailingOnly = TRUE)
load(args[1])
daily <- aggregate(Demand ~ Date, data = as.data.frame(vic_elec), FUN = sum)
daily$Demand <- round(daily$Demand / 2, 3) # half-hourly MW readings → MWh per day
names(daily) <- c("date", "demand")
write.csv(daily, args[2], row.names = FALSE, quote = FALSE)
