/** Every topic in the system, in one place. Each domain topic has a dead-letter topic. */
export const TOPICS = {
  orders: 'orders.events',
  inventory: 'inventory.events',
  products: 'products.events',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
