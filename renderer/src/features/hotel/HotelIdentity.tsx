import { useEffect } from 'react';
import { useApp } from '../../store.js';
import { isDemo } from '../settings/settings-slice.js';
import { hotelIdentity } from './hotel-slice.js';

/**
 * The header's brand: the app's mark and name, and under it the hotel's name with its currency
 * once Settings or Cloudbeds has told them (nothing in their place before: never "undefined" or a guess), and
 * "Demo" while any system is the simulated hotel.
 */
export function HotelIdentity() {
  const loadHotel = useApp((state) => state.loadHotel);
  const name = useApp((state) => hotelIdentity(state.hotel, state.settings).name);
  const currency = useApp((state) => hotelIdentity(state.hotel, state.settings).currency);
  const demo = useApp((state) => isDemo(state.settings));
  const showScreen = useApp((state) => state.showScreen);

  useEffect(() => {
    void loadHotel();
  }, [loadHotel]);

  return (
    <div className="brand">
      <img className="brand-mark" src="./favicon.svg" alt="" width={26} height={26} />
      <div className="brand-text">
        <span className="brand-name">Sentinel Control Room</span>
        {(name || demo) && (
          <span className="hotel-line">
            {demo && (
              <button type="button" className="demo-badge" title="Some systems are the simulated hotel: open Settings to connect yours" onClick={() => showScreen('settings')}>
                Demo
              </button>
            )}
            {name && (
              <span className="hotel-name" title={name}>
                {name}
              </span>
            )}
            {currency && (
              <span className="hotel-currency" title={`The hotel's currency: every rate is in ${currency}`}>
                {currency}
              </span>
            )}
          </span>
        )}
      </div>
    </div>
  );
}
