-- The formal ("Sie") forms of German answers and their A/B variants, for
-- people who write formally; '' where a text does not address the reader.
ALTER TABLE entry_texts ADD COLUMN answer_sie TEXT NOT NULL DEFAULT '';
ALTER TABLE entry_texts ADD COLUMN variant_sie TEXT NOT NULL DEFAULT '';
