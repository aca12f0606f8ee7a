-- The hotel as Cloudbeds describes it (getHotelDetails): its name and how it writes money, shown
-- in the header and the rate grid. One row, replaced by each fetch (daily). Times are
-- milliseconds since the Unix epoch. Shipped migrations are never edited: add a new file.

CREATE TABLE hotel_details (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  property_id         TEXT    NOT NULL,
  name                TEXT    NOT NULL,
  -- The currency, all null when Cloudbeds names none.
  currency_code       TEXT,
  currency_symbol     TEXT,
  currency_position   TEXT    CHECK (currency_position IN ('before', 'after')),
  decimal_separator   TEXT,
  thousands_separator TEXT,
  fetched_at          INTEGER NOT NULL,
  CHECK ((currency_code IS NULL) = (currency_symbol IS NULL) AND (currency_code IS NULL) = (currency_position IS NULL)
    AND (currency_code IS NULL) = (decimal_separator IS NULL) AND (currency_code IS NULL) = (thousands_separator IS NULL))
);
