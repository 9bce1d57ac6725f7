import { mount } from 'svelte'
import './frame/theme.css'
import App from './App.svelte'
import { connectComposer } from './frame/composer'

const target = document.getElementById('app')
if (!target) throw new Error('the page has no #app element')
export default mount(App, { target, props: { connection: connectComposer() } })
