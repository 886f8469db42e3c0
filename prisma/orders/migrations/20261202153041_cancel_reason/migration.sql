-- CreateEnum
CREATE TYPE "cancel_reason" AS ENUM ('CUSTOMER', 'EXPIRED');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "cancel_reason" "cancel_reason";

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "orders"("status", "created_at");
