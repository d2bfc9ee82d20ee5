import type { FormItemRule } from 'element-plus'

type Translate = (key: string) => string

export const MIN_PASSWORD_LENGTH = 8

/** The server's phone rule: an optional `+`, no leading zero, 7 to 15 digits. */
export const PHONE_PATTERN = /^\+?[1-9]\d{6,14}$/

/** The client-side half of the password policy; the server has the final word and says why in `detail`. */
export function passwordRules(t: Translate): FormItemRule[] {
  return [
    { required: true, message: () => t('validation.required'), trigger: 'blur' },
    { min: MIN_PASSWORD_LENGTH, message: () => t('validation.passwordLength'), trigger: 'blur' },
  ]
}

/** The confirmation of a new password: the same as `password()` (the one typed in the field above it). */
export function confirmPasswordRules(t: Translate, password: () => string): FormItemRule[] {
  return [
    {
      validator: (_rule, value: string, callback) =>
        value === password() ? callback() : callback(new Error(t('validation.passwordMismatch'))),
      trigger: 'blur',
    },
  ]
}

export function requiredRule(t: Translate): FormItemRule {
  return { required: true, message: () => t('validation.required'), trigger: 'blur' }
}

/** One field error as the API sends it in a problem's `errors` list. */
export interface ApiFieldError {
  field: string
  message: string
  code?: string
}

// Fields whose rule has one plain sentence, whatever check the server's validator reports.
const FIELD_MESSAGES: Record<string, string> = {
  email: 'formErrors.email',
  phone: 'formErrors.phone',
  sms_code: 'formErrors.smsCode',
  code: 'formErrors.smsCode',
  password: 'formErrors.password',
  new_password: 'formErrors.password',
}

// The validator's error types (pydantic's `type`, sent as `code`) in the reader's words.
const CODE_MESSAGES: [RegExp, string][] = [
  [/^missing$/, 'formErrors.required'],
  [/^email_invalid$/, 'formErrors.email'],
  [/^string_too_short$|^too_short$/, 'formErrors.tooShort'],
  [/^string_too_long$|^too_long$/, 'formErrors.tooLong'],
  [/^(greater|less)_than/, 'formErrors.outOfRange'],
  [/^decimal_/, 'formErrors.amount'],
  [/^(int|float)_/, 'formErrors.number'],
  [/^(literal_error|enum)$/, 'formErrors.choice'],
  [/^(datetime|date|time(zone)?)_/, 'formErrors.date'],
]

/** The last segment of a field path: `lines.0.quantity` → `quantity`, as form items name their `prop`. */
export function fieldKey(field: string): string {
  return String(field ?? '').split('.').pop() ?? ''
}

/**
 * A field error in the UI language. Server messages of request validation are the validator's English, so
 * they are replaced by the field's own rule or by the kind of check that failed; a business rule's error
 * (problem code other than `validation.failed`) comes with its `detail` already translated by the server.
 */
export function fieldErrorMessage(
  error: ApiFieldError,
  t: Translate,
  problem: { code?: string; detail?: string } = {},
): string {
  if (problem.code && problem.code !== 'validation.failed' && problem.detail) return problem.detail
  if (error.code === 'missing') return t('formErrors.required')
  const byField = FIELD_MESSAGES[fieldKey(error.field)]
  if (byField) return t(byField)
  const byCode = CODE_MESSAGES.find(([pattern]) => pattern.test(error.code ?? ''))
  return t(byCode ? byCode[1] : 'formErrors.invalid')
}
