-- Backtests keep the actuals they were scored against (Forecast.backtest.actual, one array per window, null where
-- missing), so that an append filling a missing value no longer changes a finished run's backtest.
--
-- Backfill from the series as stored now: exact for every point the run saw unless a later append filled a value
-- that was missing when the run was fitted (that point then shows the filled value, as it did before this migration).

-- One little-endian float64 of a "Series".values BYTEA (point i), NULL for NaN (missing) and infinities. One SQL
-- expression: the migration runner splits scripts at every semicolon, even in comments and function bodies.
CREATE FUNCTION "__backtest_actuals_f64le"(b bytea, i int) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE
    WHEN e = 2047 THEN NULL
    WHEN e = 0 THEN sign * m::double precision * power(2::double precision, -1074)
    ELSE sign * (1 + m::double precision / 4503599627370496) * power(2::double precision, e - 1023)
  END
  FROM (
    SELECT ((bits >> 52) & 2047)::int AS e, bits & 4503599627370495 AS m, CASE WHEN bits < 0 THEN -1 ELSE 1 END AS sign
    FROM (
      SELECT get_byte(b, i * 8)::bigint | (get_byte(b, i * 8 + 1)::bigint << 8) | (get_byte(b, i * 8 + 2)::bigint << 16)
        | (get_byte(b, i * 8 + 3)::bigint << 24) | (get_byte(b, i * 8 + 4)::bigint << 32) | (get_byte(b, i * 8 + 5)::bigint << 40)
        | (get_byte(b, i * 8 + 6)::bigint << 48) | (get_byte(b, i * 8 + 7)::bigint << 56) AS bits
    ) AS raw
  ) AS parts
$$;

-- actual[w][k] is the series' value at cutoffs[w] + k, for as many steps as yhat[w] has, within what the model saw.
UPDATE "Forecast" AS f
SET "backtest" = f."backtest" || jsonb_build_object('actual', COALESCE((
  SELECT jsonb_agg(
    (SELECT COALESCE(jsonb_agg(
              CASE WHEN c.cutoff + k.ord - 1 < LEAST(s."length", f."origin")
                   THEN to_jsonb("__backtest_actuals_f64le"(s."values", (c.cutoff + k.ord - 1)::int)) END
              ORDER BY k.ord), '[]'::jsonb)
       FROM jsonb_array_elements(COALESCE(f."backtest" -> 'yhat' -> (c.ord - 1)::int, '[]'::jsonb)) WITH ORDINALITY AS k(v, ord))
    ORDER BY c.ord)
  FROM (SELECT e::int AS cutoff, ord FROM jsonb_array_elements_text(f."backtest" -> 'cutoffs') WITH ORDINALITY AS x(e, ord)) AS c
), '[]'::jsonb))
FROM "Series" AS s
WHERE s."id" = f."seriesId" AND NOT (f."backtest" ? 'actual');

DROP FUNCTION "__backtest_actuals_f64le"(bytea, int);
