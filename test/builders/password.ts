/** The one password every test member signs up with (it meets the password policy). */
export const PASSWORD = 'Correct-Horse-Battery-9';
