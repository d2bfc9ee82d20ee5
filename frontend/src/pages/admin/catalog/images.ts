/** Product pictures: one upload call, and pictures chosen before the product exists (uploaded by its first save). */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { ProductImage } from './types'

/** A picture chosen for a product not saved yet: shown from memory, uploaded right after the product is created. */
export interface StagedImage {
  key: string
  file: File
  url: string
}

let counter = 0

export function stage(file: File): StagedImage {
  return { key: `staged-${++counter}`, file, url: URL.createObjectURL(file) }
}

export function unstage(image: StagedImage): void {
  URL.revokeObjectURL(image.url)
}

export function uploadImage(productId: string, file: File): Promise<ProductImage> {
  const form = new FormData()
  form.append('file', file)
  return unwrap(
    api.POST('/products/{product_id}/images', {
      params: { path: { product_id: productId } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  ) as Promise<ProductImage>
}

/** Uploads the staged pictures in order (the first becomes the cover); returns how many failed. */
export async function uploadStaged(productId: string, staged: readonly StagedImage[]): Promise<number> {
  let failed = 0
  for (const image of staged) {
    try {
      await uploadImage(productId, image.file)
      unstage(image)
    } catch {
      failed++
    }
  }
  return failed
}
