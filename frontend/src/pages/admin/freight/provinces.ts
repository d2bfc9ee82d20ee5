/**
 * The 34 province-level divisions by GB/T 2260 code; a province code covers its cities and districts. Names are
 * in src/i18n/freight (`freight.provinces.<code>`). Interim: the region tree (`RegionCascader.vue`, branch
 * `regions`) replaces this list for picking cities and districts.
 */
export const PROVINCE_CODES = [
  '110000', '120000', '130000', '140000', '150000', '210000', '220000', '230000', '310000', '320000', '330000',
  '340000', '350000', '360000', '370000', '410000', '420000', '430000', '440000', '450000', '460000', '500000',
  '510000', '520000', '530000', '540000', '610000', '620000', '630000', '640000', '650000', '710000', '810000',
  '820000',
] as const

export const REGION_CODE = /^\d{6}$/
