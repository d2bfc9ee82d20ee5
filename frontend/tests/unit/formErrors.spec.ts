import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { ApiProblem } from '@/api/problem'
import { useFormErrors } from '@/composables/useFormErrors'
import { i18n } from '@/i18n'
import { fieldErrorMessage } from '@/pages/validation'

const zh = (key: string) => i18n.global.t(key, {}, { locale: 'zh-CN' })
const en = (key: string) => i18n.global.t(key, {}, { locale: 'en' })
const invalid = { code: 'validation.failed', detail: '请求参数有误' }

describe('field errors in the UI language', () => {
  it('says a bad phone number in Chinese, not the validator pattern', () => {
    const error = { field: 'phone', message: "String should match pattern '^\\+?[1-9]\\d{6,14}$'", code: 'string_pattern_mismatch' }
    expect(fieldErrorMessage(error, zh, invalid)).toBe('手机号格式不正确')
    expect(fieldErrorMessage(error, en, invalid)).toBe('Not a valid phone number')
  })

  it('names a missing field as required and a bad address as an e-mail error', () => {
    expect(fieldErrorMessage({ field: 'display_name', message: 'Field required', code: 'missing' }, zh, invalid)).toBe('必填项')
    expect(fieldErrorMessage({ field: 'email', message: 'Not a valid…', code: 'email_invalid' }, zh, invalid)).toBe('邮箱格式不正确')
  })

  it('falls back to the kind of check, then to a plain sentence, never to the English message', () => {
    expect(fieldErrorMessage({ field: 'quantity', message: 'Input should be greater than 0', code: 'greater_than' }, zh, invalid)).toBe('数值超出允许范围')
    expect(fieldErrorMessage({ field: 'note', message: 'Value error, odd', code: 'value_error' }, zh, invalid)).toBe('此项填写有误')
  })

  it("uses a business rule's detail, which the server has already translated", () => {
    const taken = { code: 'user.email_taken', detail: '该邮箱已被注册' }
    expect(fieldErrorMessage({ field: 'email', message: 'That e-mail address is taken.', code: 'user.email_taken' }, zh, taken)).toBe('该邮箱已被注册')
  })
})

describe('useFormErrors', () => {
  it("places the server's field errors under the form's own fields, translated, and leaves others to the toast", async () => {
    i18n.global.locale.value = 'zh-CN'
    const { fieldErrors, reportProblem } = useFormErrors({ email: '', phone: '' })
    const problem = new ApiProblem(422, {
      code: 'validation.failed',
      detail: '请求参数有误',
      errors: [
        { field: 'phone', message: "String should match pattern '^\\+?[1-9]\\d{6,14}$'", code: 'string_pattern_mismatch' },
        { field: 'body', message: 'Value error, Give an e-mail address or a phone number.', code: 'value_error' },
      ],
    })

    const placed = reportProblem(problem)
    await nextTick()

    expect(placed).toEqual({ phone: '手机号格式不正确' })
    expect(fieldErrors.value).toEqual({ phone: '手机号格式不正确' })
  })

  it('maps an API field onto a differently named form prop', async () => {
    const { fieldErrors, reportProblem } = useFormErrors({ current: '', next: '' }, { new_password: 'next' })
    reportProblem(new ApiProblem(422, { code: 'validation.failed', errors: [{ field: 'new_password', message: 'x', code: 'value_error' }] }))
    await nextTick()
    expect(fieldErrors.value).toEqual({ next: '密码需 8–128 位，且同时包含字母和数字' })
  })
})
