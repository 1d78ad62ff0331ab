import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// rpc takes the launch token out of the address when it loads, before the router reads the hash.
import './lib/rpc';
import { startChangeFeed } from './lib/change-feed';
import { installNavigationGuard } from './lib/navigation';
import { App } from './features/shell/App';
import './styles.css';

installNavigationGuard();
startChangeFeed();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
