/* Colours of the command-centre map. They mean the same on every screen: case markers red =
 * overdue, amber = at risk, green = on time, grey = closed; cell ramps are blues for load and
 * amber-to-red for overdue counts; components avoid those colours so they never read as cases.
 */
(function () {
  'use strict';

  const themes = {
    dark: {
      land: '#142030', fillAlpha: 0.9, gridLine: 'rgba(150,185,220,0.14)',
      community: { colour: 'rgba(150,190,230,0.42)', width: 0.8, dash: [3, 3] },
      street: { colour: 'rgba(205,228,250,0.78)', width: 1.5 },
      district: { colour: '#62cdfa', width: 2.4 },
      districtGlow: { colour: 'rgba(98,205,250,0.22)', width: 9 },
      markerEdge: '#0a111c',
      flag: { colour: '#ffe066', halo: 'rgba(5,10,20,0.75)' },
      marker: { overdue: '#ff4d4f', at_risk: '#ffb020', on_time: '#35c47c', closed: '#8b95a7' },
      ramps: {
        load: ['#1c3a5e', '#22598f', '#2f7cc0', '#4fa3ea', '#a3d4ff'],
        overdue: ['#4a3418', '#7a4c14', '#b5620f', '#e2561f', '#ff5a5f'],
      },
    },
    light: {
      land: '#fbfcfd', fillAlpha: 0.85, gridLine: 'rgba(60,80,110,0.16)',
      community: { colour: 'rgba(70,90,120,0.45)', width: 0.8, dash: [3, 3] },
      street: { colour: 'rgba(35,50,75,0.8)', width: 1.5 },
      district: { colour: '#1d4e89', width: 2.4 },
      districtGlow: null,
      markerEdge: '#ffffff',
      flag: { colour: '#d9480f', halo: 'rgba(255,255,255,0.9)' },
      marker: { overdue: '#e03131', at_risk: '#f08c00', on_time: '#2b9a66', closed: '#868e96' },
      ramps: {
        load: ['#dcebf7', '#b2d2ee', '#7cb2de', '#4688c8', '#1f5a9e'],
        overdue: ['#fff0d6', '#fdd08a', '#f9a04b', '#e8590c', '#c92a2a'],
      },
    },
  };
  /* Component big classes 01..06: utilities, roads, appearance, greenery, buildings, other.
   * No red, amber or green: those mean deadline states everywhere in the product. */
  const componentColours = ['#4dabf7', '#9775fa', '#f783ac', '#3bc9db', '#c8a27c', '#adb5bd'];

  window.ccThemes = { themes: themes, componentColours: componentColours };
})();
