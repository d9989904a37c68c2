ALTER TABLE "postings" ADD COLUMN "overrides" jsonb DEFAULT '{}'::jsonb NOT NULL;
