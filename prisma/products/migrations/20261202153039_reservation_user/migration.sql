-- AlterTable
ALTER TABLE "reservations" ADD COLUMN     "user_id" UUID;

-- CreateIndex
CREATE INDEX "reservations_user_id_status_idx" ON "reservations"("user_id", "status");
