import type { Category } from './shape.js';

/**
 * Conversation templates per call type. Lines start with `A:` (the restaurant's side) or `C:` (the other
 * party); `{slots}` are filled per call. Several variants per part make transcripts differ between calls.
 */
export interface Script {
  openings: string[][];
  bodies: string[][];
  /** Extra exchanges used to fill long calls, picked at random. */
  extras: string[];
  closings: string[][];
  /**
   * What RingSense would say about the call. Words in [brackets] must be in the transcript for the
   * text to be used (grounding.ts); texts without any are generic, used when nothing specific was
   * said. Every script has a generic summary.
   */
  summaries: string[];
  highlights: string[];
  nextSteps: string[];
  /** Relative weights of Positive, Neutral, Negative. */
  sentiment: [number, number, number];
}

const GREETINGS_IN = [
  ['A:Thank you for calling {restaurant}, this is {agent}. How can I help you?', 'C:Hi {agentFirst}, this is {first} {last}.'],
  ['A:{restaurant}, {agent} speaking.', 'C:Hello, my name is {first} {last}, I have a quick question.'],
  ['A:Good {partOfDay}, {restaurant}. This is {agent}, how may I help you today?', 'C:Hi there. It’s {first} {last} calling.'],
];
const GREETINGS_OUT = [
  ['C:Hello?', 'A:Hi, is this {first}? This is {agent} calling from {restaurant}.', 'C:Yes, speaking.'],
  ['C:{first} speaking.', 'A:Hi {first}, it’s {agent} at {restaurant}. Do you have a minute?', 'C:Sure, go ahead.'],
];
const CLOSINGS = [
  ['A:Is there anything else I can help you with?', 'C:No, that’s everything. Thanks so much.', 'A:Thank you for calling, {first}. Have a great {partOfDay}!', 'C:You too, bye.'],
  ['C:Perfect, thank you.', 'A:My pleasure. See you soon!', 'C:Bye bye.'],
  ['A:Alright, you’re all set.', 'C:Great, thanks {agentFirst}.', 'A:Take care, goodbye.'],
];

export const SCRIPTS: Record<Category, Script> = {
  reservation: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:I’d like to book a table for {party} on {day} at around {time}.',
        'A:Let me check {day} for you. We have {time} available in the main dining room, or {altTime} on the patio.',
        'C:{time} inside would be great.',
        'A:Wonderful. Is this for a special occasion?',
        'C:Yes, it’s my {occasion}.',
        'A:Lovely, I’ll make a note so the kitchen can bring out a little dessert.',
        'A:Can I confirm the best number to reach you, ending in {phone4}?',
        'C:Yes, that’s my cell.',
      ],
      [
        'C:Do you have anything for {party} people this {day} evening?',
        'A:{day} is pretty busy, but I can do {altTime} or {time}.',
        'C:Let’s do {time}. Also, one of us has a {allergy} allergy.',
        'A:No problem at all, I’ll flag it on the reservation and let the chef know.',
        'A:And would you like to pre-order the {dish}? It sells out on weekends.',
        'C:Oh, yes please, two of those.',
      ],
    ],
    extras: [
      'C:Is there parking nearby?|A:There’s a garage on the next block, and we validate for two hours.',
      'C:Can we bring our own wine?|A:Yes, corkage is twenty-five dollars a bottle.',
      'C:Do you have high chairs?|A:We do, I’ll set one aside for you.',
      'C:Is the patio heated?|A:It is, and we have blankets if it gets chilly.',
      'C:Could we get a booth?|A:I’ve requested a booth; I can’t promise it, but I’ll try.',
    ],
    closings: CLOSINGS,
    summaries: [
      '{first} {last} booked a [table for {party}] on [{day}] at [{time}] at {location} for a [{occasion}].',
      'The caller reserved a table for [{party}] guests on [{day}] at [{time}] and mentioned a [{allergy} allergy].',
      '{first} {last} asked for a table for [{party}] on [{day}] at [{time}].',
      'The caller asked about booking a table at {location}.',
    ],
    highlights: [
      'Reservation for [{party}] on [{day}] at [{time}].',
      'Guest mentioned a [{occasion}].',
      'Guest has a [{allergy} allergy].',
      'Guest pre-ordered the [{dish}].',
    ],
    nextSteps: [
      'Send a confirmation text to the number ending in [{phone4}].',
      'Confirm the table for [{party}] on [{day}] at [{time}] with {first}.',
      'Flag the [{allergy} allergy] for the chef.',
      'Prepare a [dessert] for the [{occasion}].',
      'Set aside two portions of the [{dish}] for the table.',
      'Keep one of the [high chairs] for the table.',
      'Request a [booth] for the party.',
    ],
    sentiment: [7, 3, 0],
  },
  catering: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:We’re planning an office lunch for about {count} people on {date} and wanted catering.',
        'A:We’d love to help. Are you thinking family style trays or boxed lunches?',
        'C:Family style, with a couple of vegetarian options.',
        'A:Our {dish} tray feeds about fifteen, and the roasted vegetable lasagna is popular with vegetarians.',
        'C:What would that come to, roughly?',
        'A:For {count} people you’d be around {amount} dollars before tax and delivery.',
        'C:That works within our budget.',
        'A:Great, I’ll need a fifty percent deposit to hold the date.',
      ],
      [
        'C:I’m calling about a private event, a {occasion} dinner for {count} guests.',
        'A:Congratulations! Our private room seats up to forty. Which date were you considering?',
        'C:{date}, in the evening.',
        'A:That date is open. We have a three course menu starting at sixty-five per person.',
        'C:Can we customize it? My father loves the {dish}.',
        'A:Absolutely, the chef can build the menu around it.',
      ],
    ],
    extras: [
      'C:Do you deliver to the East Bay?|A:We do, there’s a flat delivery fee of forty dollars.',
      'C:Can you include plates and utensils?|A:Yes, compostable settings are included at no charge.',
      'C:How early do you need the final headcount?|A:Seventy-two hours before the event.',
      'C:Is gluten-free possible?|A:Yes, we can make most trays gluten-free with a day’s notice.',
      'C:Could someone stay to serve?|A:We can send a server for thirty-five an hour.',
    ],
    closings: CLOSINGS,
    summaries: [
      '{first} {last} asked for [catering] for [{count} people] on [{date}]; the quote was about [{amount} dollars].',
      'The caller is planning a [{occasion}] event for [{count} guests] on [{date}] and discussed a custom menu.',
      '{first} {last} asked for [catering] for [{count} people] on [{date}].',
      '{first} {last} asked about a [private event], a [{occasion}] dinner for [{count} guests].',
      'The caller asked about catering and private events.',
    ],
    highlights: ['Catering for [{count}] guests on [{date}].', 'Estimated total around [{amount} dollars].', 'Customer wants the [{dish}] on the menu.'],
    nextSteps: [
      'Email a written quote and the [deposit] link to {first}.',
      'Confirm the final [headcount] three days before {date}.',
      'Ask the chef for a custom menu around the [{dish}].',
      'Hold the [private room] for [{date}].',
      'Send {first} the [catering] menu for [{date}].',
      'Send {first} the private dining menu for the [{occasion}] dinner.',
      'Note that the trays must be [gluten-free].',
    ],
    sentiment: [6, 4, 0],
  },
  complaint: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:I was in last night and honestly it was disappointing.',
        'A:I’m so sorry to hear that. Can you tell me what happened?',
        'C:We waited almost an hour for our food, and the {dish} came out cold.',
        'A:That’s not the experience we want for you. I apologize.',
        'C:And nobody checked on us the whole time.',
        'A:I understand. I’d like to refund the {dish} and invite you back as our guest.',
        'C:I appreciate that, but I mostly want it not to happen again.',
        'A:I’ll share this with the kitchen and the floor manager today.',
      ],
      [
        'C:I was charged twice for my order on {day}.',
        'A:I’m sorry about that. Do you have the last four digits of the card?',
        'C:It ends in {card4}. The charge was {amount} dollars.',
        'A:I see both charges. I’m reversing the duplicate now; it takes three to five business days.',
        'C:Okay. It’s frustrating, that’s the second time.',
        'A:You’re right to be frustrated. I’ll add a credit to your account for the trouble.',
      ],
    ],
    extras: [
      'C:Is the manager there?|A:She’s on the floor right now, but I can have her call you back today.',
      'C:I’ve been coming for years.|A:We really value that, which is why I want to make it right.',
      'C:The table was also wobbly.|A:Thanks for telling me, I’ll have maintenance look at it.',
      'C:Will I get an email about this?|A:Yes, you’ll get a confirmation email today.',
    ],
    closings: CLOSINGS,
    summaries: [
      '{first} {last} complained about slow service and a [cold] [{dish}]; the agent offered a [refund] and a return visit.',
      'The customer was [charged twice] ([{amount} dollars]); the agent reversed the [duplicate] and added a [credit].',
      '{first} {last} was [charged twice] for an order on [{day}].',
      '{first} {last} called because their last visit was [disappointing].',
      'A customer called with a complaint about a recent visit.',
    ],
    highlights: [
      'Customer waited about an [hour] and the [{dish}] was [cold].',
      'Duplicate charge of [{amount} dollars] on the card ending [{card4}].',
      'Customer is frustrated: it is the [second time].',
    ],
    nextSteps: [
      'Refund the [{dish}] and send a [guest] invitation to {first}.',
      'Share the feedback with the [kitchen] and the [floor manager].',
      'Reverse the [duplicate] charge and email a confirmation.',
      'Manager to [call] {first} [back today].',
      'Have [maintenance] look at the wobbly table.',
      'Follow up with {first} about the [disappointing] visit.',
      'Check the order on [{day}] that was [charged twice].',
    ],
    sentiment: [1, 3, 6],
  },
  hours: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:What time are you open until tonight?',
        'A:Tonight we’re open until ten, and the kitchen closes at nine thirty.',
        'C:And are you open on {day}?',
        'A:Yes, {day} we open at eleven thirty for lunch.',
      ],
      [
        'C:Where exactly are you located? I’m driving from {city}.',
        'A:We’re at the corner of Fifth and Main, across from the library.',
        'C:Is it easy to find parking?',
        'A:There’s street parking after six and a garage right behind us.',
      ],
      [
        'C:Are you open on the holiday next week?',
        'A:We are, with a special brunch menu from ten to three.',
        'C:Do I need a reservation for brunch?',
        'A:It’s recommended, it fills up quickly.',
      ],
    ],
    extras: [
      'C:Do you do takeout?|A:Yes, you can order online or by phone.',
      'C:Is there a happy hour?|A:Weekdays from three to six at the bar.',
      'C:Are dogs allowed on the patio?|A:Yes, well-behaved dogs are welcome outside.',
    ],
    closings: CLOSINGS,
    summaries: [
      'The caller asked how late {location} is [open] tonight and about [{day}].',
      '{first} asked for directions to {location} from [{city}] and about [parking].',
      'The caller asked about the [holiday] [brunch] and whether to book.',
      'The caller asked about opening hours and directions to {location}.',
    ],
    highlights: ['Caller asked about hours on [{day}].', 'Caller asked about [parking].', 'Caller asked about the [holiday] hours.'],
    nextSteps: ['No follow-up needed.'],
    sentiment: [4, 6, 0],
  },
  giftcard: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:I’d like to buy a gift card for my {relative}.',
        'A:Of course. We have physical cards or e-gift cards by email. Which would you prefer?',
        'C:An e-gift card for {amount} dollars, please.',
        'A:Sure. What name and email should it go to?',
        'C:It’s for {giftName}, I’ll send you the email in a text.',
        'A:Perfect, it will arrive within a few minutes once we process the payment.',
      ],
      [
        'C:I have a gift card but the balance looks wrong.',
        'A:Let me look it up. What’s the number on the back?',
        'C:It ends in {card4}.',
        'A:I see a balance of {amount} dollars. There was a charge on {day}.',
        'C:Oh right, my {relative} used it. Okay, that makes sense.',
      ],
    ],
    extras: [
      'C:Does it expire?|A:No, our gift cards never expire.',
      'C:Can it be used at all locations?|A:Yes, at all three Harbor & Vine restaurants.',
      'C:Can I add a message?|A:Yes, up to two hundred characters.',
    ],
    closings: CLOSINGS,
    summaries: [
      '{first} {last} bought an [e-gift card] of [{amount} dollars] for a [{relative}].',
      'The caller checked a gift card [balance] ([{amount} dollars]) on the card ending [{card4}].',
      '{first} {last} wants to buy a [gift card] for a [{relative}].',
      'The caller asked about gift cards.',
    ],
    highlights: ['Gift card of [{amount} dollars].', 'Card ending in [{card4}].'],
    nextSteps: ['Send the e-gift card to [{giftName}].', 'No follow-up needed.'],
    sentiment: [6, 4, 0],
  },
  cancellation: {
    openings: GREETINGS_IN,
    bodies: [
      [
        'C:I need to cancel my reservation for {day} at {time}.',
        'A:I’m sorry to hear that. Under which name?',
        'C:{last}, party of {party}.',
        'A:Found it. Would you like to reschedule instead?',
        'C:Maybe next week, I’ll call back.',
        'A:No problem, I’ve cancelled it. There’s no fee since it’s more than 24 hours ahead.',
      ],
      [
        'C:We have to cancel the catering order for {date}, the event was postponed.',
        'A:Understood. I see the order for {count} guests.',
        'C:Is the deposit refundable?',
        'A:Since it’s more than a week out, yes, the full deposit of {amount} dollars will be refunded.',
      ],
    ],
    extras: [
      'C:Can I keep the same table if I rebook?|A:I’ll add a note so we try.',
      'C:Will I get a confirmation?|A:Yes, an email is on its way.',
    ],
    closings: CLOSINGS,
    summaries: [
      '{first} {last} cancelled a [reservation] for [{party}] on [{day}].',
      '{first} {last} cancelled a [reservation] for [{day}] at [{time}].',
      'The customer cancelled a [catering] order for [{date}]; the deposit of [{amount} dollars] will be refunded.',
      'The caller called to cancel a booking.',
    ],
    highlights: ['[Reservation] for [{party}] on [{day}] cancelled.', '[Deposit] of [{amount} dollars] to refund.'],
    nextSteps: [
      'Refund the [deposit] of [{amount} dollars].',
      'Follow up with {first} [next week] about rebooking.',
      'Release the table for [{day}] at [{time}].',
      'Take the [catering] order for [{date}] off the calendar.',
    ],
    sentiment: [2, 7, 1],
  },
  internal: {
    openings: [
      ['C:Hey {agentFirst}, it’s {peer}.', 'A:Hi {peerFirst}, what’s up?'],
      ['A:{agentFirst} here.', 'C:Hi, it’s {peer} from {peerLocation}.'],
    ],
    bodies: [
      [
        'C:We’re running low on the {dish} ingredients for tonight. Can you spare some?',
        'A:We have extra. I can send a driver around four.',
        'C:That would save us. Thanks.',
      ],
      [
        'C:Can you cover the host stand on {day}? We’re short one person.',
        'A:I can do the evening shift, from five.',
        'C:Perfect, I’ll update the schedule.',
      ],
      [
        'C:A guest left a jacket here, they said they’re a regular at your location.',
        'A:Oh, that’s probably {first}. I’ll let them know.',
      ],
    ],
    extras: ['C:Did the new menus arrive?|A:Yes, this morning.', 'C:Are we still on for the staff meeting?|A:Yes, Monday at ten.'],
    closings: [['C:Thanks, talk later.', 'A:Bye.']],
    summaries: [
      '{peer} is running low on [{dish}] ingredients; {agent} is sending a [driver].',
      '{peer} asked {agent} to cover the [host stand] on [{day}].',
      '{peer} called about a [jacket] a guest left behind.',
      'Internal call between {agent} and {peer}.',
    ],
    highlights: ['Running low on [{dish}] ingredients.', 'Short one person at the [host stand] on [{day}].', 'Coordination between {location} and {peerLocation}.'],
    nextSteps: ['Send a [driver] with supplies around [four].', 'Update the staff [schedule] for [{day}].', 'Let [{first}] know about the [jacket].'],
    sentiment: [4, 6, 0],
  },
};

export const OUTBOUND_OPENINGS = GREETINGS_OUT;
