/**
 * Topic and intent keyword rules used when the config file names none. RingSense gives sentiment,
 * summary, highlights and next steps, but neither topics nor intent, so these come from keywords.
 * Keywords match whole words or phrases, case-insensitively, in the transcript and the summary.
 */
export const DEFAULT_TOPICS: Record<string, string[]> = {
  reservation: ['reservation', 'reserve', 'book a table', 'booking', 'party of', 'table for'],
  catering: ['catering', 'cater', 'event', 'platters', 'headcount'],
  complaint: ['complaint', 'disappointed', 'unacceptable', 'manager', 'refund', 'cold food', 'rude'],
  hours_location: ['open', 'close', 'hours', 'address', 'parking', 'located', 'directions'],
  gift_card: ['gift card', 'gift certificate', 'balance on'],
  cancellation: ['cancel', 'cancellation', 'call off'],
  billing: ['charge', 'charged', 'invoice', 'bill', 'receipt', 'payment'],
  order: ['takeout', 'pickup', 'delivery', 'order'],
};

/** The first intent whose keywords match wins, so more specific intents come first. */
export const DEFAULT_INTENTS: Record<string, string[]> = {
  cancellation: ['cancel', 'cancellation', 'call off'],
  complaint: ['complaint', 'disappointed', 'unacceptable', 'refund'],
  booking_inquiry: ['reservation', 'reserve', 'book a table', 'booking', 'table for', 'party of'],
  catering_inquiry: ['catering', 'cater'],
  gift_card_inquiry: ['gift card', 'gift certificate'],
  hours_location_inquiry: ['hours', 'open', 'address', 'located', 'directions'],
};
