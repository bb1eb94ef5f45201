import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { MissingBridge } from './app/missing-bridge.tsx';
import { hasDesktopBridge } from './lib/bridge.ts';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(<StrictMode>{hasDesktopBridge() ? <App /> : <MissingBridge />}</StrictMode>);
