import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'
import { can } from '@/access/permissions'
import { useSessionStore } from '@/stores/session'
import { catalogRoutes } from '@/pages/admin/catalog/routes'
import { inventoryRoutes } from '@/pages/admin/inventory/routes'
import { customerRoutes } from '@/pages/admin/customers/routes'
import { orderRoutes } from '@/pages/admin/orders/routes'
import { freightRoutes } from '@/pages/admin/freight/routes'
import { paymentMethodRoutes } from '@/pages/admin/paymentMethods/routes'
import { reconciliationRoutes } from '@/pages/admin/reconciliation/routes'
import { cartRoutes } from '@/pages/store/cart/routes'
import { checkoutRoutes } from '@/pages/store/checkout/routes'
import { storeOrderRoutes } from '@/pages/store/orders/routes'
import { storePayRoutes } from '@/pages/store/pay/routes'
import { paymentRoutes } from '@/pages/admin/payments/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Signed-in users only. */
    requiresAuth?: boolean
    /** Back-office staff only. */
    staff?: boolean
    /** Any one of these permissions opens the page. */
    permission?: readonly string[]
    /** Sign-in pages: a signed-in user is sent home instead. */
    guestOnly?: boolean
    /** i18n key of the page title. */
    title?: string
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('@/layouts/StorefrontLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/pages/store/HomePage.vue'), meta: { title: 'store.title' } },
      { path: 'search', name: 'store-search', component: () => import('@/pages/store/SearchPage.vue'), meta: { title: 'store.search.title' } },
      {
        path: 'products/:id',
        name: 'store-product',
        component: () => import('@/pages/store/ProductPage.vue'),
        meta: { title: 'store.product.title' },
      },
      ...cartRoutes,
      {
        path: 'account/profile',
        name: 'account-profile',
        component: () => import('@/pages/account/ProfilePage.vue'),
        meta: { requiresAuth: true, title: 'profile.title' },
      },
      {
        path: 'account/addresses',
        name: 'account-addresses',
        component: () => import('@/pages/account/AddressesPage.vue'),
        meta: { requiresAuth: true, title: 'addresses.title' },
      },
      ...checkoutRoutes,
      ...storeOrderRoutes,
      ...storePayRoutes,
    ],
  },
  {
    path: '/',
    component: () => import('@/layouts/AuthLayout.vue'),
    children: [
      { path: 'login', name: 'login', component: () => import('@/pages/auth/LoginPage.vue'), meta: { guestOnly: true, title: 'auth.login.title' } },
      { path: 'register', name: 'register', component: () => import('@/pages/auth/RegisterPage.vue'), meta: { guestOnly: true, title: 'auth.register.title' } },
      { path: 'forgot-password', name: 'forgot-password', component: () => import('@/pages/auth/ForgotPasswordPage.vue'), meta: { title: 'auth.forgot.title' } },
      { path: 'reset-password', name: 'reset-password', component: () => import('@/pages/auth/ResetPasswordPage.vue'), meta: { title: 'auth.reset.title' } },
      { path: 'verify-email', name: 'verify-email', component: () => import('@/pages/auth/VerifyEmailPage.vue'), meta: { title: 'auth.verify.title' } },
      {
        path: 'confirm-email-change',
        name: 'confirm-email-change',
        component: () => import('@/pages/auth/ConfirmEmailChangePage.vue'),
        meta: { title: 'emailChange.confirmTitle' },
      },
      {
        path: 'oauth/callback/:provider(wechat|alipay)',
        name: 'oauth-callback',
        component: () => import('@/pages/auth/OAuthCallbackPage.vue'),
        meta: { title: 'auth.oauth.title' },
      },
    ],
  },
  {
    path: '/admin',
    component: () => import('@/layouts/BackOfficeLayout.vue'),
    meta: { requiresAuth: true, staff: true },
    children: [
      { path: '', name: 'admin-dashboard', component: () => import('@/pages/admin/DashboardPage.vue'), meta: { title: 'menu.dashboard' } },
      {
        path: 'users',
        name: 'admin-users',
        component: () => import('@/pages/admin/UsersPage.vue'),
        meta: { permission: PAGE_PERMISSIONS.users, title: 'menu.users' },
      },
      {
        path: 'roles',
        name: 'admin-roles',
        component: () => import('@/pages/admin/RolesPage.vue'),
        meta: { permission: PAGE_PERMISSIONS.roles, title: 'menu.roles' },
      },
      {
        path: 'audit-log',
        name: 'admin-audit',
        component: () => import('@/pages/admin/AuditLogPage.vue'),
        meta: { permission: PAGE_PERMISSIONS.audit, title: 'menu.audit' },
      },
      ...catalogRoutes,
      ...inventoryRoutes,
      ...customerRoutes,
      ...orderRoutes,
      ...freightRoutes,
      ...paymentMethodRoutes,
      ...reconciliationRoutes,
      ...paymentRoutes,
      { path: 'profile', name: 'admin-profile', component: () => import('@/pages/account/ProfilePage.vue'), meta: { title: 'profile.title' } },
      { path: 'forbidden', name: 'admin-forbidden', component: () => import('@/pages/errors/ForbiddenPage.vue'), meta: { title: 'errors.forbiddenTitle' } },
    ],
  },
  { path: '/403', name: 'forbidden', component: () => import('@/pages/errors/ForbiddenPage.vue'), meta: { title: 'errors.forbiddenTitle' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/errors/NotFoundPage.vue'), meta: { title: 'errors.notFoundTitle' } },
]

/** Accepts only same-site paths as a post-login target, so `?next=` cannot send users elsewhere. */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  return next
}

/** Decides where a navigation may go; returns a redirect or `true`. */
export async function guard(to: RouteLocationNormalized) {
  const session = useSessionStore()
  await session.bootstrap()
  const me = session.me
  if (to.meta.guestOnly && me) return safeNext(to.query.next) ?? session.homePath
  const needsAuth = to.matched.some((record) => record.meta.requiresAuth)
  if (needsAuth && !me) return { name: 'login', query: { next: to.fullPath } }
  if (to.matched.some((record) => record.meta.staff) && !me?.is_staff) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  const wanted = to.meta.permission
  if (wanted && !can(session.permissions, wanted)) {
    return { name: 'admin-forbidden', query: { from: to.fullPath } }
  }
  return true
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  router.beforeEach(guard)
  return router
}
