import { create } from 'zustand';

interface SearchOverlayState {
  open: boolean;
}

/** Whether the Ctrl+K patient search overlay is showing. */
export const useSearchOverlay = create<SearchOverlayState>(() => ({ open: false }));

export const openSearchOverlay = () => useSearchOverlay.setState({ open: true });
export const closeSearchOverlay = () => useSearchOverlay.setState({ open: false });
