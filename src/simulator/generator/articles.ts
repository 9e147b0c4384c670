/**
 * "a" or "an" before a phrase, by how its first word sounds: "an engagement", "a team celebration",
 * "an hour", "a university", "an 8 o'clock", "a 25 dollar". Spelling decides except for the usual
 * exceptions: a silent h, a u or eu said "you", "one", and numbers said with a vowel (8, 11, 18).
 */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const word = phrase.trimStart().toLowerCase();
  if (/^\d/.test(word)) return /^(8|1[18](\D|$)|1[18]\d{3}(\D|$)|1[18],\d{3})/.test(word) ? 'an' : 'a';
  if (/^(hour|honest|honou?r|heir)/.test(word)) return 'an';
  if (/^(uni|use|usu|ur[aeiou]|ut[ei]|u-|eu|ew|one\b|once)/.test(word)) return 'a';
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
