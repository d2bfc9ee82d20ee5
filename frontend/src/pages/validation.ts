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

export function requiredRule(t: Translate): FormItemRule {
  return { required: true, message: () => t('validation.required'), trigger: 'blur' }
}
