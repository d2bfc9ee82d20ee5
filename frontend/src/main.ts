import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { onSessionExpired, useLocaleForRequests } from './api/client'
import { currentLocale, i18n } from './i18n'
import { createAppRouter } from './router'
import { useSessionStore } from './stores/session'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
const router = createAppRouter()
app.use(pinia).use(router).use(i18n).use(ElementPlus)

useLocaleForRequests(currentLocale)
document.documentElement.lang = currentLocale()

onSessionExpired(() => {
  useSessionStore(pinia).forget()
  // Only a page that needs a session sends the user to sign in again; during the first navigation the
  // route guard does that itself, with the page that was asked for as `next`.
  const here = router.currentRoute.value
  if (here.matched.some((record) => record.meta.requiresAuth)) {
    void router.push({ name: 'login', query: { next: here.fullPath } })
  }
})

function updateTitle(): void {
  const key = router.currentRoute.value.meta.title
  const brand = i18n.global.t('app.name')
  document.title = key ? `${i18n.global.t(key)} · ${brand}` : brand
}
router.afterEach(updateTitle)
watch(i18n.global.locale, updateTitle)

app.mount('#app')
