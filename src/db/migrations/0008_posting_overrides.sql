-- Postings made before overrides were kept stay NULL: all their sent fields count as the recruiter's own, so nothing typed is lost.
ALTER TABLE "postings" ADD COLUMN "overrides" jsonb;--> statement-breakpoint
ALTER TABLE "postings" ALTER COLUMN "overrides" SET DEFAULT '{}'::jsonb;
