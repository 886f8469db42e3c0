-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "reviews" (
    "id" UUID NOT NULL,
    "product_key" TEXT NOT NULL,
    "author_id" UUID NOT NULL,
    "rating" SMALLINT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reviews_product_key_created_at_id_idx" ON "reviews"("product_key", "created_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "reviews_product_key_author_id_key" ON "reviews"("product_key", "author_id");
